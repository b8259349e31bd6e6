import { authRouter } from './auth/router.js';
import { chatRouter } from './chat/router.js';
import { inventoryRouter, productRouter } from './catalog/router.js';
import { dashboardRouter } from './dashboard/router.js';
import { orderRouter } from './orders/router.js';
import { shopRouter } from './shops/router.js';
import { teamRouter } from './shops/teamRouter.js';
import { notificationRouter } from './notifications/router.js';
import { router } from './trpc.js';
import { presenceRouter } from './presence/router.js';
import { adminRouter } from './admin/router.js';
import { systemRouter } from './announcements/router.js';
import { purchaseOrderRouter, supplierRouter } from './purchasing/router.js';
import { bookingRouter, serviceRouter } from './bookings/router.js';

export const appRouter = router({
  auth: authRouter,
  shop: shopRouter,
  product: productRouter,
  inventory: inventoryRouter,
  order: orderRouter,
  dashboard: dashboardRouter,
  team: teamRouter,
  presence: presenceRouter,
  admin: adminRouter,
  system: systemRouter,
  chat: chatRouter,
  notification: notificationRouter,
  supplier: supplierRouter,
  purchaseOrder: purchaseOrderRouter,
  service: serviceRouter,
  booking: bookingRouter,
});

export type AppRouter = typeof appRouter;
