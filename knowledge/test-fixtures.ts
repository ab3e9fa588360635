import type { FaqEntry } from './types.ts';

const entry = (id: string, en: [string, string[], string], pl: [string, string[], string], related: string[] = []): FaqEntry => ({
  id, tags: [], related, status: 'published', category: 'test',
  variants: [
    { lang: 'en', question: en[0], alternates: en[1], answer: en[2] },
    { lang: 'pl', question: pl[0], alternates: pl[1], answer: pl[2] },
  ],
});

/** A small bilingual knowledge base for unit tests. */
export const FIXTURE_ENTRIES: FaqEntry[] = [
  entry('return-an-item',
    ['How do I return an item?', ['How can I send something back?', 'I want to return my order', 'What is the returns process?', 'Can I return a product I bought?'], 'You can return items within **30 days**.'],
    ['Jak zwrócić produkt?', ['Jak odesłać zamówienie?', 'Chcę zwrócić towar', 'Jak wygląda procedura zwrotu?', 'Czy mogę oddać kupiony produkt?'], 'Możesz zwrócić produkt w ciągu **30 dni**.'],
    ['refund-timing']),
  entry('refund-timing',
    ['When will I get my refund?', ['How long does a refund take?', 'Where is my money back?', 'Refund still not received', 'How many days until I am refunded?'], 'Refunds arrive within **5 working days**.'],
    ['Kiedy otrzymam zwrot pieniędzy?', ['Ile trwa zwrot pieniędzy?', 'Gdzie są moje pieniądze?', 'Nie dostałem jeszcze zwrotu', 'Po ilu dniach dostanę pieniądze?'], 'Zwrot pieniędzy trwa do **5 dni roboczych**.']),
  entry('track-order',
    ['Where is my order?', ['How do I track my parcel?', 'My package has not arrived yet', 'Track my delivery', 'What is the status of my shipment?'], 'Track your order under **Orders** in your account.'],
    ['Gdzie jest moje zamówienie?', ['Jak śledzić paczkę?', 'Moja paczka jeszcze nie dotarła', 'Status przesyłki', 'Gdzie jest moja przesyłka?'], 'Status zamówienia znajdziesz w zakładce **Zamówienia**.']),
  entry('payment-methods',
    ['Which payment methods do you accept?', ['Can I pay with PayPal?', 'Do you take credit cards?', 'How can I pay for my order?', 'Is Apple Pay accepted?'], 'We accept cards, PayPal and Apple Pay.'],
    ['Jakie metody płatności akceptujecie?', ['Czy mogę zapłacić przez PayPal?', 'Czy przyjmujecie karty kredytowe?', 'Jak mogę zapłacić za zamówienie?', 'Czy można płacić BLIKiem?'], 'Akceptujemy karty, PayPal i BLIK.']),
  entry('reset-password',
    ['How do I reset my password?', ['I forgot my password', 'Cannot log in to my account', 'Change my password', 'Password reset link not working'], 'Use **Forgot password** on the sign-in page.'],
    ['Jak zresetować hasło?', ['Zapomniałem hasła', 'Nie mogę się zalogować', 'Zmiana hasła', 'Link do resetu hasła nie działa'], 'Kliknij **Nie pamiętam hasła** na stronie logowania.']),
  entry('delivery-cost',
    ['How much does delivery cost?', ['What are the shipping fees?', 'Is shipping free?', 'Delivery charges', 'How much is postage?'], 'Delivery is free over 50 EUR, otherwise 4.99 EUR.'],
    ['Ile kosztuje dostawa?', ['Jakie są koszty wysyłki?', 'Czy dostawa jest darmowa?', 'Opłata za przesyłkę', 'Ile zapłacę za wysyłkę?'], 'Dostawa jest darmowa od 200 zł, w innym przypadku 19,99 zł.']),
];
