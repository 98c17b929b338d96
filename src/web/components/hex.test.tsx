/** @module web/components/hex.test — hex + ASCII rows (table-driven) and the HexView that renders them. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { evidenceBytes, hexRows } from './hex';
import { HexView } from './HexView';

afterEach(cleanup);

const bytes = (...xs: number[]): Uint8Array => new Uint8Array(xs);

describe('hexRows', () => {
  const cases: Array<{ name: string; input: Uint8Array; want: Array<{ offset: string; hex: string; ascii: string }> }> = [
    { name: 'empty', input: bytes(), want: [] },
    { name: 'short text', input: new TextEncoder().encode('+OK\r\n'), want: [{ offset: '00000000', hex: '2b 4f 4b 0d 0a', ascii: '+OK..' }] },
    {
      name: 'one full row, gap after 8, non-printables as dots',
      input: bytes(0x00, 0x01, 0x41, 0x42, 0x7e, 0x7f, 0x80, 0xff, 0x20, 0x61, 0x62, 0x63, 0x0a, 0x2e, 0x30, 0x39),
      want: [{ offset: '00000000', hex: '00 01 41 42 7e 7f 80 ff  20 61 62 63 0a 2e 30 39', ascii: '..AB~... abc..09' }],
    },
    {
      name: 'second row offset in hex',
      input: new Uint8Array(17).fill(0x41),
      want: [{ offset: '00000000', hex: '41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41', ascii: 'AAAAAAAAAAAAAAAA' }, { offset: '00000010', hex: '41', ascii: 'A' }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => { expect(hexRows(c.input)).toEqual(c.want); });
  }

  it('every row of random bytes has 16 bytes of ASCII except the last, and hex columns align', () => {
    const input = new Uint8Array(1000).map((_, i) => (i * 37) % 256);
    const rows = hexRows(input);
    expect(rows).toHaveLength(63);
    for (const r of rows.slice(0, -1)) { expect(r.ascii).toHaveLength(16); expect(r.hex).toHaveLength(48); }
    expect(rows.at(-1)?.ascii).toHaveLength(1000 % 16);
  });
});

describe('evidenceBytes', () => {
  it('decodes base64, hex and text', () => {
    expect([...evidenceBytes('AAH/', 'base64')]).toEqual([0, 1, 255]);
    expect([...evidenceBytes('00 01 ff', 'hex')]).toEqual([0, 1, 255]);
    expect([...evidenceBytes('é', null)]).toEqual([0xc3, 0xa9]);
  });
});

describe('HexView', () => {
  it('renders offset, hex and ASCII of each row and the byte count', () => {
    render(<HexView bytes={new TextEncoder().encode('SSH-2.0-OpenSSH_9.6\r\n')} label="Received" />);
    expect(screen.getByText(/Received · 21 bytes/)).toBeTruthy();
    const rows = screen.getAllByTestId('hex-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('53 53 48 2d 32 2e 30 2d  4f 70 65 6e 53 53 48 5f');
    expect(rows[0]?.textContent).toContain('SSH-2.0-OpenSSH_');
    expect(rows[1]?.textContent).toContain('9.6..');
  });

  it('caps what it shows and says so', () => {
    render(<HexView bytes={new Uint8Array(100)} label="Sent" limit={32} />);
    expect(screen.getByText(/first 32 shown/)).toBeTruthy();
    expect(screen.getAllByTestId('hex-row')).toHaveLength(2);
  });
});
