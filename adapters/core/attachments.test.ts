import { describe, expect, it } from 'vitest';
import { toWire } from '../webchat/format.ts';
import { attachmentMarks, kindOfMime, locationAttachment } from './attachments.ts';

describe('attachments from providers', () => {
  it('reads a kind from a MIME type, anything else being a file', () => {
    expect(['image/jpeg', 'audio/ogg; codecs=opus', 'video/mp4', 'application/pdf', undefined, 'IMAGE/PNG'].map(kindOfMime)).toEqual(['image', 'audio', 'video', 'file', 'file', 'image']);
  });

  it('links a location to a map, and refuses coordinates that are none', () => {
    expect(locationAttachment('52.2297', 21.0122, 'Warszawa')).toEqual({ kind: 'location', url: 'https://www.openstreetmap.org/?mlat=52.2297&mlon=21.0122#map=17/52.2297/21.0122', name: 'Warszawa' });
    expect(locationAttachment('91', '0')).toBeUndefined();
    expect(locationAttachment('x', '1')).toBeUndefined();
    expect(locationAttachment(undefined, undefined)).toBeUndefined();
  });

  it('shows a message without words as its attachments\' marks in the web chat, words as they are', () => {
    expect(attachmentMarks([{ kind: 'image' }, { kind: 'location' }])).toBe('📷 📍');
    const base = { id: 'm1', conversationId: 'c', seq: 1, role: 'customer' as const, channel: 'whatsapp', createdAt: new Date(0) };
    expect(toWire({ ...base, text: '', attachments: [{ kind: 'audio', ref: 'a1' }] }).text).toBe('🎤');
    expect(toWire({ ...base, text: 'my parcel', attachments: [{ kind: 'image', ref: 'i1' }] }).text).toBe('my parcel');
  });
});
