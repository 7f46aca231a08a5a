import { describe, expect, it } from 'vitest';
import { hasLoneSurrogate } from './text.ts';

describe('hasLoneSurrogate', () => {
  it('finds a high or low surrogate without its partner, anywhere in the text', () => {
    for (const text of ['\ud800', 'a\udc00', '\ud83d', 'key\ud83d:x', '\ude00\ud83d']) {
      expect(hasLoneSurrogate(text), JSON.stringify(text)).toBe(true);
    }
  });

  it('accepts paired surrogates and plain text', () => {
    for (const text of ['', 'plain', '🔑', 'ümlaut:日本:😀', '\u0000', '\ufffd']) {
      expect(hasLoneSurrogate(text), JSON.stringify(text)).toBe(false);
    }
  });
});
