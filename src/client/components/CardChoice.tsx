import { Radio, Stack } from '@mantine/core';
import { TEST_CARDS } from '../../shared/payments.js';

/** The built-in `test` provider's cards; a real provider would put its card form here (README "Payments"). */
const CARDS = [
  { value: TEST_CARDS.visa, label: 'Visa •••• 4242', description: 'Test card: pays' },
  { value: TEST_CARDS.declined, label: 'Visa •••• 0002', description: 'Test card: always declined' },
];

export function CardChoice({ value, onChange, label = 'Pay with' }: { value: string; onChange: (method: string) => void; label?: string }) {
  return (
    <Radio.Group label={label} value={value} onChange={onChange}>
      <Stack gap={6} mt={4}>
        {CARDS.map((card) => (
          <Radio key={card.value} value={card.value} label={card.label} description={card.description} />
        ))}
      </Stack>
    </Radio.Group>
  );
}
