import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from './phone.ts';

const E164 = '+8613812345678';

describe('normalizePhone', () => {
  it.each([
    '13812345678',
    '138 1234 5678',
    '138-1234-5678',
    '  138 1234 5678  ',
    '+86 138 1234 5678',
    '+86-138-1234-5678',
    '+8613812345678',
    '(+86) 138 1234 5678',
    '0086 138 1234 5678',
    '008613812345678',
    '86 138 1234 5678',
    '8613812345678',
    '１３８１２３４５６７８',
    '＋８６　１３８－１２３４－５６７８',
  ])('reads %j as +8613812345678', (raw) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, e164: E164 });
  });

  it.each([
    ['an empty string', ''],
    ['a Beijing landline', '010 1234 5678'],
    ['a Shijiazhuang landline', '0311-8766 5432'],
    ['the city-management hotline', '12319'],
    ['ten digits', '1381234567'],
    ['twelve digits', '138123456789'],
    ['a number with no mobile prefix', '12012345678'],
    ['letters among the digits', '138abcd5678'],
    ['a number hidden in a sentence', 'call 13812345678 now'],
    ['an extension', '13812345678#12'],
    ['a US mobile', '+1 202 555 0143'],
    ['a UK mobile', '+44 7911 123456'],
    ['a very long string of digits', '1'.repeat(200)],
  ])('refuses %s as invalid-phone', (_what, raw) => {
    const result = normalizePhone(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.code).toBe('invalid-phone');
  });
});

describe('normalizePhone properties', () => {
  // Prefixes of mainland mobile networks (China Mobile, Unicom, Telecom, Broadnet).
  const prefixes = [
    '134',
    '135',
    '138',
    '139',
    '147',
    '150',
    '158',
    '166',
    '176',
    '177',
    '183',
    '186',
    '189',
    '191',
    '198',
    '199',
  ];
  const mobile = fc
    .tuple(fc.constantFrom(...prefixes), fc.stringMatching(/^\d{8}$/))
    .map(([prefix, rest]) => `${prefix}${rest}`);
  const countryPrefix = fc.constantFrom(
    '',
    '+86',
    '+86 ',
    '+86-',
    '0086',
    '0086 ',
    '86',
    '86 ',
    '(+86) ',
  );
  const separator = fc.constantFrom('', ' ', '-', '.', '\u3000', '－');
  const fullWidthDigits = fc.boolean();

  function written(digits: string, prefix: string, sep: string, fullWidth: boolean, pad: string) {
    const grouped = [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)].join(sep);
    const text = `${pad}${prefix}${grouped}${pad}`;
    return fullWidth ? text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) : text;
  }

  it('normalises every way of writing a valid mobile to one E.164', () => {
    fc.assert(
      fc.property(
        mobile,
        countryPrefix,
        separator,
        fullWidthDigits,
        fc.constantFrom('', ' ', '\t'),
        (digits, prefix, sep, fullWidth, pad) => {
          const plain = normalizePhone(digits);
          fc.pre(plain.ok);
          expect(plain).toEqual({ ok: true, e164: `+86${digits}` });
          expect(normalizePhone(written(digits, prefix, sep, fullWidth, pad))).toEqual(plain);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('masks every mobile to its first three and last four digits', () => {
    fc.assert(
      fc.property(mobile, (digits) => {
        expect(maskPhone(`+86${digits}`)).toBe(`${digits.slice(0, 3)}****${digits.slice(7)}`);
      }),
    );
  });
});

describe('maskPhone', () => {
  it('shows 138****5678 for +8613812345678', () => {
    expect(maskPhone(E164)).toBe('138****5678');
  });

  it('keeps three and four digits of a foreign number and never a short one whole', () => {
    expect(maskPhone('+12025550143')).toBe('120****0143');
    expect(maskPhone('+8612345')).toBe('*****');
  });
});
