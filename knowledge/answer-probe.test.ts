import { describe, expect, it } from 'vitest';
import { answerProbe, answerRemainder, PROBE_MAX_CHARS } from './answer-probe.ts';

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

describe('answerRemainder', () => {
  it('is what the answer says after its probe, in any script', () => {
    const answer = 'You can return an item within 30 days of delivery.\n\nPrint the label  from your account.';
    expect(answerRemainder(answer, answerProbe(answer))).toBe('Print the label from your account.');
    const zh = '订单从我们的仓库发出后，我们会立即给您发送一封发货邮件。您也可以随时查看。';
    expect(answerRemainder(zh, answerProbe(zh, 'zh'))).toBe('您也可以随时查看。');
  });

  it('is empty when nothing follows the probe or the probe is not the answer\'s opening', () => {
    expect(answerRemainder('You can return an item within 30 days of delivery.', 'You can return an item within 30 days of delivery.')).toBe('');
    expect(answerRemainder('Print the label. You can return an item within 30 days.', 'You can return an item within 30 days.')).toBe('');
    expect(answerRemainder('Anything at all here.', '')).toBe('');
  });
});
