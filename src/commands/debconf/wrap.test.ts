// The two wrappers against Perl's own output (Text::Wrap 2013.0523 and Text::WrapI18N 0.06).
import { describe, expect, it } from 'vitest';
import { textWrap, wrapI18N } from './wrap.ts';

const TEXT = "The 'mail name' is the domain name used to 'qualify' _ALL_ mail addresses without a domain name.";

describe('debconf text wrapping', () => {
  it('Text::Wrap keeps lines under the width and wraps a blank text to nothing', () => {
    expect(textWrap(TEXT, 32)).toBe("The 'mail name' is the domain\nname used to 'qualify' _ALL_\nmail addresses without a domain\nname.");
    expect(textWrap('\n', 80)).toBe('');
    expect(textWrap('abc\n', 80)).toBe('abc\n');
  });

  it('WrapI18N fills lines up to the width and keeps a lone newline', () => {
    expect(wrapI18N(TEXT, 32)).toBe("The 'mail name' is the domain \nname used to 'qualify' _ALL_ \nmail addresses without a domain \nname.");
    expect(wrapI18N('\n', 80)).toBe('\n');
    expect(wrapI18N('General mail configuration type:', 32)).toBe('General mail configuration type:');
  });
});
