/** Everything the bot says on its own, in each language it speaks. */
export type BotPhrase = 'greeting' | 'thanks' | 'restart' | 'handoff' | 'handoffRepeated' | 'clarify' | 'relatedIntro';

const PHRASES: Record<string, Record<BotPhrase, string>> = {
  en: {
    greeting: 'Hello! Ask me anything about orders, delivery, returns, refunds, payments or your account.',
    thanks: "You're welcome! Is there anything else I can help with?",
    restart: "Let's start over. What would you like to know?",
    handoff: "I'm passing you to a colleague who can help. They will see everything we discussed, so you won't need to repeat yourself.",
    handoffRepeated: "I'm sorry I couldn't find the answer. I'm passing you to a colleague, who will see our whole conversation.",
    clarify: 'I am not sure I understood. Did you mean one of these?',
    relatedIntro: 'Related questions:',
  },
  zh: {
    greeting: '您好！关于订单、配送、退货、退款、支付或账户的问题，都可以问我。',
    thanks: '不客气！还有什么可以帮您的吗？',
    restart: '我们重新开始吧。您想了解什么？',
    handoff: '我将为您转接同事，他们会看到我们的全部对话，您无需重复说明。',
    handoffRepeated: '抱歉，我没能找到答案。我将为您转接同事，他们会看到我们的完整对话。',
    clarify: '我不太确定您的意思。您是想问以下哪个问题？',
    relatedIntro: '相关问题：',
  },
  th: {
    greeting: 'สวัสดีค่ะ! สอบถามเรื่องคำสั่งซื้อ การจัดส่ง การคืนสินค้า การคืนเงิน การชำระเงิน หรือบัญชีของคุณได้เลยค่ะ',
    thanks: 'ยินดีค่ะ! มีอะไรให้ช่วยอีกไหมคะ',
    restart: 'เริ่มกันใหม่นะคะ คุณอยากทราบเรื่องอะไรคะ',
    handoff: 'กำลังส่งต่อให้เจ้าหน้าที่ช่วยเหลือคุณค่ะ เจ้าหน้าที่จะเห็นบทสนทนาทั้งหมด คุณไม่ต้องเล่าซ้ำค่ะ',
    handoffRepeated: 'ขออภัยที่หาคำตอบไม่พบค่ะ กำลังส่งต่อให้เจ้าหน้าที่ ซึ่งจะเห็นบทสนทนาทั้งหมดของเราค่ะ',
    clarify: 'ไม่แน่ใจว่าเข้าใจถูกต้องไหมคะ คุณหมายถึงคำถามใดต่อไปนี้คะ',
    relatedIntro: 'คำถามที่เกี่ยวข้อง:',
  },
  ar: {
    greeting: 'مرحبًا! اسألني عن الطلبات أو التوصيل أو الإرجاع أو استرداد الأموال أو الدفع أو حسابك.',
    thanks: 'على الرحب والسعة! هل هناك شيء آخر يمكنني مساعدتك به؟',
    restart: 'لنبدأ من جديد. ماذا تريد أن تعرف؟',
    handoff: 'سأحوّلك إلى أحد زملائي ليساعدك. سيرى كل ما تحدثنا عنه، فلن تحتاج إلى التكرار.',
    handoffRepeated: 'عذرًا، لم أجد الإجابة. سأحوّلك إلى أحد زملائي، وسيرى محادثتنا كاملة.',
    clarify: 'لست متأكدًا من أنني فهمت. هل تقصد أحد هذه الأسئلة؟',
    relatedIntro: 'أسئلة ذات صلة:',
  },
  pl: {
    greeting: 'Dzień dobry! Zapytaj mnie o zamówienia, dostawę, zwroty, refundacje, płatności lub konto.',
    thanks: 'Nie ma za co! Czy mogę pomóc w czymś jeszcze?',
    restart: 'Zacznijmy od nowa. Czego chcesz się dowiedzieć?',
    handoff: 'Przekazuję rozmowę konsultantowi. Zobaczy on całą naszą rozmowę, więc nie musisz niczego powtarzać.',
    handoffRepeated: 'Przepraszam, nie znalazłem odpowiedzi. Przekazuję rozmowę konsultantowi, który zobaczy całą naszą rozmowę.',
    clarify: 'Nie jestem pewien, czy dobrze rozumiem. Czy chodzi o jedno z tych pytań?',
    relatedIntro: 'Powiązane pytania:',
  },
};

/** Languages the bot has its own phrases for. */
export const BOT_LANGUAGES = Object.keys(PHRASES);

/** A phrase in `lang`, falling back to `fallback` (then English) when the bot does not speak it. */
export function phrase(key: BotPhrase, lang: string, fallback = 'en'): { text: string; lang: string } {
  const l = PHRASES[lang] ? lang : PHRASES[fallback] ? fallback : 'en';
  return { text: PHRASES[l]![key], lang: l };
}
