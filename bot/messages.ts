/** Everything the bot says on its own, in each language it speaks. */
export type BotPhrase = 'greeting' | 'thanks' | 'restart' | 'handoff' | 'handoffRepeated' | 'clarify' | 'relatedIntro'
  | 'queuePosition' | 'queueNext' | 'outsideHours' | 'stillWaiting' | 'agentJoined' | 'agentLeft' | 'ratingPrompt' | 'ratingThanks';

const PHRASES: Record<string, Record<BotPhrase, string>> = {
  en: {
    greeting: 'Hello! Ask me anything about orders, delivery, returns, refunds, payments or your account.',
    thanks: "You're welcome! Is there anything else I can help with?",
    restart: "Let's start over. What would you like to know?",
    handoff: "I'm passing you to a colleague who can help. They will see everything we discussed, so you won't need to repeat yourself.",
    handoffRepeated: "I'm sorry I couldn't find the answer. I'm passing you to a colleague, who will see our whole conversation.",
    clarify: 'I am not sure I understood. Did you mean one of these?',
    relatedIntro: 'Related questions:',
    queuePosition: 'You are number {position} in the queue. Stay here: your messages go straight to the person who picks this up.',
    queueNext: 'You are next in the queue. Stay here: your messages go straight to the person who picks this up.',
    outsideHours: 'Our team is away right now (opening hours: {hours}). Leave your message here: it is in the queue, and a colleague will answer from {next}.',
    stillWaiting: 'Sorry for the wait: everyone is busy right now. You are still number {position} in the queue and a colleague will be with you as soon as possible.',
    agentJoined: '{name} from our team has joined the conversation.',
    agentLeft: 'Our colleague has closed this conversation. If you have another question, just ask me.',
    ratingPrompt: 'How did we do? Reply with a number from 1 (poor) to 5 (excellent).',
    ratingThanks: 'Thank you for your rating! Is there anything else I can help with?',
  },
  zh: {
    greeting: '您好！关于订单、配送、退货、退款、支付或账户的问题，都可以问我。',
    thanks: '不客气！还有什么可以帮您的吗？',
    restart: '我们重新开始吧。您想了解什么？',
    handoff: '我将为您转接同事，他们会看到我们的全部对话，您无需重复说明。',
    handoffRepeated: '抱歉，我没能找到答案。我将为您转接同事，他们会看到我们的完整对话。',
    clarify: '我不太确定您的意思。您是想问以下哪个问题？',
    relatedIntro: '相关问题：',
    queuePosition: '您目前排在第 {position} 位。请留在这里：您的消息会直接发送给接待您的同事。',
    queueNext: '下一位就是您。请留在这里：您的消息会直接发送给接待您的同事。',
    outsideHours: '我们的团队现在不在线（服务时间：{hours}）。请在这里留言：您已在排队中，同事将从 {next} 起回复您。',
    stillWaiting: '抱歉让您久等了，目前同事们都在忙。您仍排在第 {position} 位，同事会尽快为您服务。',
    agentJoined: '我们的同事 {name} 已加入对话。',
    agentLeft: '同事已结束本次对话。如果还有其他问题，请直接问我。',
    ratingPrompt: '您对本次服务满意吗？请回复 1（很差）到 5（很好）之间的数字。',
    ratingThanks: '感谢您的评分！还有什么可以帮您的吗？',
  },
  th: {
    greeting: 'สวัสดีค่ะ! สอบถามเรื่องคำสั่งซื้อ การจัดส่ง การคืนสินค้า การคืนเงิน การชำระเงิน หรือบัญชีของคุณได้เลยค่ะ',
    thanks: 'ยินดีค่ะ! มีอะไรให้ช่วยอีกไหมคะ',
    restart: 'เริ่มกันใหม่นะคะ คุณอยากทราบเรื่องอะไรคะ',
    handoff: 'กำลังส่งต่อให้เจ้าหน้าที่ช่วยเหลือคุณค่ะ เจ้าหน้าที่จะเห็นบทสนทนาทั้งหมด คุณไม่ต้องเล่าซ้ำค่ะ',
    handoffRepeated: 'ขออภัยที่หาคำตอบไม่พบค่ะ กำลังส่งต่อให้เจ้าหน้าที่ ซึ่งจะเห็นบทสนทนาทั้งหมดของเราค่ะ',
    clarify: 'ไม่แน่ใจว่าเข้าใจถูกต้องไหมคะ คุณหมายถึงคำถามใดต่อไปนี้คะ',
    relatedIntro: 'คำถามที่เกี่ยวข้อง:',
    queuePosition: 'คุณอยู่ลำดับที่ {position} ในคิวค่ะ กรุณารอในหน้านี้ ข้อความของคุณจะถึงเจ้าหน้าที่ที่รับเรื่องโดยตรงค่ะ',
    queueNext: 'คุณเป็นคิวถัดไปค่ะ กรุณารอในหน้านี้ ข้อความของคุณจะถึงเจ้าหน้าที่ที่รับเรื่องโดยตรงค่ะ',
    outsideHours: 'ขณะนี้อยู่นอกเวลาทำการค่ะ (เวลาทำการ: {hours}) ฝากข้อความไว้ที่นี่ได้เลย เรื่องของคุณอยู่ในคิวแล้ว และเจ้าหน้าที่จะตอบกลับตั้งแต่ {next} ค่ะ',
    stillWaiting: 'ขออภัยที่ให้รอนานค่ะ ขณะนี้เจ้าหน้าที่ทุกคนกำลังให้บริการอยู่ คุณยังอยู่ลำดับที่ {position} ในคิว เจ้าหน้าที่จะติดต่อกลับโดยเร็วที่สุดค่ะ',
    agentJoined: '{name} จากทีมของเราเข้าร่วมการสนทนาแล้วค่ะ',
    agentLeft: 'เจ้าหน้าที่ได้ปิดการสนทนานี้แล้วค่ะ หากมีคำถามอื่น ถามฉันได้เลยค่ะ',
    ratingPrompt: 'บริการของเราเป็นอย่างไรบ้างคะ ตอบกลับด้วยตัวเลข 1 (แย่) ถึง 5 (ดีเยี่ยม) ค่ะ',
    ratingThanks: 'ขอบคุณสำหรับคะแนนค่ะ! มีอะไรให้ช่วยอีกไหมคะ',
  },
  ar: {
    greeting: 'مرحبًا! اسألني عن الطلبات أو التوصيل أو الإرجاع أو استرداد الأموال أو الدفع أو حسابك.',
    thanks: 'على الرحب والسعة! هل هناك شيء آخر يمكنني مساعدتك به؟',
    restart: 'لنبدأ من جديد. ماذا تريد أن تعرف؟',
    handoff: 'سأحوّلك إلى أحد زملائي ليساعدك. سيرى كل ما تحدثنا عنه، فلن تحتاج إلى التكرار.',
    handoffRepeated: 'عذرًا، لم أجد الإجابة. سأحوّلك إلى أحد زملائي، وسيرى محادثتنا كاملة.',
    clarify: 'لست متأكدًا من أنني فهمت. هل تقصد أحد هذه الأسئلة؟',
    relatedIntro: 'أسئلة ذات صلة:',
    queuePosition: 'ترتيبك في قائمة الانتظار هو {position}. ابقَ هنا: تصل رسائلك مباشرة إلى الزميل الذي سيتولى محادثتك.',
    queueNext: 'أنت التالي في قائمة الانتظار. ابقَ هنا: تصل رسائلك مباشرة إلى الزميل الذي سيتولى محادثتك.',
    outsideHours: 'فريقنا غير متاح الآن (ساعات العمل: {hours}). اترك رسالتك هنا: طلبك في قائمة الانتظار، وسيرد عليك أحد الزملاء بدءًا من {next}.',
    stillWaiting: 'نعتذر عن الانتظار، جميع الزملاء مشغولون الآن. ما زال ترتيبك {position} في قائمة الانتظار، وسيتواصل معك أحد الزملاء في أقرب وقت.',
    agentJoined: 'انضم {name} من فريقنا إلى المحادثة.',
    agentLeft: 'أنهى زميلنا هذه المحادثة. إذا كان لديك سؤال آخر، فاسألني.',
    ratingPrompt: 'كيف كانت خدمتنا؟ أرسل رقمًا من 1 (سيئة) إلى 5 (ممتازة).',
    ratingThanks: 'شكرًا لتقييمك! هل هناك شيء آخر يمكنني مساعدتك به؟',
  },
  pl: {
    greeting: 'Dzień dobry! Zapytaj mnie o zamówienia, dostawę, zwroty, refundacje, płatności lub konto.',
    thanks: 'Nie ma za co! Czy mogę pomóc w czymś jeszcze?',
    restart: 'Zacznijmy od nowa. Czego chcesz się dowiedzieć?',
    handoff: 'Przekazuję rozmowę konsultantowi. Zobaczy on całą naszą rozmowę, więc nie musisz niczego powtarzać.',
    handoffRepeated: 'Przepraszam, nie znalazłem odpowiedzi. Przekazuję rozmowę konsultantowi, który zobaczy całą naszą rozmowę.',
    clarify: 'Nie jestem pewien, czy dobrze rozumiem. Czy chodzi o jedno z tych pytań?',
    relatedIntro: 'Powiązane pytania:',
    queuePosition: 'Jesteś {position}. w kolejce. Zostań tutaj: Twoje wiadomości trafią prosto do osoby, która przejmie rozmowę.',
    queueNext: 'Jesteś następny w kolejce. Zostań tutaj: Twoje wiadomości trafią prosto do osoby, która przejmie rozmowę.',
    outsideHours: 'Nasz zespół jest teraz niedostępny (godziny pracy: {hours}). Zostaw wiadomość tutaj: jesteś w kolejce, a konsultant odpowie od {next}.',
    stillWaiting: 'Przepraszamy za oczekiwanie: wszyscy konsultanci są teraz zajęci. Nadal jesteś {position}. w kolejce i ktoś odezwie się najszybciej, jak to możliwe.',
    agentJoined: '{name} z naszego zespołu dołączył(a) do rozmowy.',
    agentLeft: 'Konsultant zakończył rozmowę. Jeśli masz inne pytanie, po prostu zapytaj mnie.',
    ratingPrompt: 'Jak oceniasz naszą pomoc? Odpowiedz liczbą od 1 (słabo) do 5 (świetnie).',
    ratingThanks: 'Dziękujemy za ocenę! Czy mogę pomóc w czymś jeszcze?',
  },
};

/** Languages the bot has its own phrases for. */
export const BOT_LANGUAGES = Object.keys(PHRASES);

/**
 * A phrase in `lang`, falling back to `fallback` (then English) when the bot does not speak it.
 * `{name}` placeholders are replaced from `vars`.
 * @example phrase('queuePosition', 'pl', 'en', { position: 3 }).text // "Jesteś 3. w kolejce. …"
 */
export function phrase(key: BotPhrase, lang: string, fallback = 'en', vars: Record<string, string | number> = {}): { text: string; lang: string } {
  const l = PHRASES[lang] ? lang : PHRASES[fallback] ? fallback : 'en';
  const text = PHRASES[l]![key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  return { text, lang: l };
}
