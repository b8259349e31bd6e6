import { Badge, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { addDays, customRangeProblem, dayKey, includesNow, type Period, type PeriodChoice, type PeriodKey } from '../api/periods.js';

const PRESETS: { value: PeriodKey; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: 'yesterday', label: 'Yesterday' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: 'custom', label: 'Custom' },
];

const rangeFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });

interface Props {
  choice: PeriodChoice;
  period: Period;
  onChoose: (choice: PeriodChoice) => void;
}

/**
 * Which period the figures and the chart are for. The days it covers are spelled out beside it,
 * and whether it is still running (its figures move as orders come in) or over.
 */
export function PeriodSwitcher({ choice, period, onChoose }: Props) {
  const lastDay = addDays(period.to, -1);
  const running = includesNow(period, new Date());
  const problem = choice.key === 'custom' ? customRangeProblem(choice.firstDay, choice.lastDay) : null;
  const pick = (key: string) => {
    // A custom range starts as the period on screen, to be narrowed or widened from there.
    if (key === 'custom') onChoose({ key: 'custom', firstDay: dayKey(period.from), lastDay: dayKey(lastDay) });
    else onChoose({ key: key as PeriodKey });
  };
  return (
    <Stack gap={6} data-testid="period-switcher">
      <Group gap="sm" align="center">
        <SegmentedControl aria-label="Period" data={PRESETS} value={choice.key} onChange={pick} size="xs" />
        <Text size="sm" c="dimmed" data-testid="period-range" data-period={period.key}>
          {period.from.getTime() === lastDay.getTime() ? rangeFormat.format(period.from) : `${rangeFormat.format(period.from)} – ${rangeFormat.format(lastDay)}`}
        </Text>
        <Badge variant="dot" color={running ? 'green' : 'gray'} data-testid="period-live" data-live={running}>
          {running ? 'Live' : 'Closed period'}
        </Badge>
      </Group>
      {choice.key === 'custom' && (
        <Group gap="sm" align="end">
          <TextInput
            type="date"
            size="xs"
            label="First day"
            value={choice.firstDay ?? ''}
            max={dayKey(new Date())}
            onChange={(e) => onChoose({ ...choice, firstDay: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            size="xs"
            label="Last day"
            value={choice.lastDay ?? ''}
            onChange={(e) => onChoose({ ...choice, lastDay: e.currentTarget.value })}
            error={problem ? `${problem}: showing today meanwhile` : undefined}
          />
        </Group>
      )}
    </Stack>
  );
}
