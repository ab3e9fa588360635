import { describe, expect, it } from 'vitest';
import { answerProbe, PROBE_MAX_CHARS } from './answer-probe.ts';

describe('answerProbe', () => {
  it('takes the answer\'s first sentence', () => {
    expect(answerProbe('You can return an item within 30 days of delivery. Print the label from your account.')).toBe('You can return an item within 30 days of delivery.');
    expect(answerProbe('订单从我们的仓库发出后，我们会立即给您发送一封发货邮件。您也可以随时查看。', 'zh')).toBe('订单从我们的仓库发出后，我们会立即给您发送一封发货邮件。');
  });

  it('cuts a long opening at a space', () => {
    const long = `${'word '.repeat(60)}end.`;
    const probe = answerProbe(long);
    expect(probe.length).toBeLessThanOrEqual(PROBE_MAX_CHARS);
    expect(probe.endsWith('word')).toBe(true);
  });

  it('reads on past an opening too short to name a topic, and gives nothing for a placeholder', () => {
    expect(answerProbe('Yes. We ship to every country in the European Union. Fees vary.')).toBe('Yes. We ship to every country in the European Union.');
    expect(answerProbe('Answer for refund_status.')).toBe('');
  });
});
