import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { EMPTY_ORDER_FILTERS, orderFiltersOf, type OrderFilterForm } from './orderFilterForm.js';

/** The filter bar's state, and the filters it means; typing in the search box asks the server once it pauses. */
export function useOrderFilters() {
  const [form, setForm] = useState<OrderFilterForm>(EMPTY_ORDER_FILTERS);
  const [search] = useDebouncedValue(form.search, 300);
  const { filters, rangeProblem } = useMemo(() => orderFiltersOf({ ...form, search }), [form, search]);
  return { form, setForm, filters, rangeProblem, reset: () => setForm(EMPTY_ORDER_FILTERS) };
}
