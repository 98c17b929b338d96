/**
 * @module web/components/hex — evidence bytes as hex + ASCII rows (like `xxd`): offset, 16 bytes as hex pairs
 * (a gap after 8), and the printable ASCII (0x20–0x7e) with every other byte as '.'. Pure; HexView renders it.
 */
export interface HexRow { readonly offset: string; readonly hex: string; readonly ascii: string }

export function hexRows(bytes: Uint8Array, width = 16): HexRow[] {
  const rows: HexRow[] = [];
  for (let off = 0; off < bytes.length; off += width) {
    const chunk = bytes.subarray(off, Math.min(off + width, bytes.length));
    const pairs: string[] = [];
    let ascii = '';
    for (let i = 0; i < width; i++) {
      const b = chunk[i];
      pairs.push(b === undefined ? '  ' : b.toString(16).padStart(2, '0'));
      if (b !== undefined) { ascii += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.'; }
    }
    const half = width / 2;
    const hex = `${pairs.slice(0, half).join(' ')}  ${pairs.slice(half).join(' ')}`.trimEnd();
    rows.push({ offset: off.toString(16).padStart(8, '0'), hex, ascii });
  }
  return rows;
}

/** Evidence as the API gives it: base64 (`encoding: 'base64'`), hex, or text (UTF-8). */
export function evidenceBytes(data: string, encoding: string | null | undefined): Uint8Array {
  if (encoding === 'base64') {
    const bin = atob(data.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  if (encoding === 'hex') {
    const clean = data.replace(/[^0-9a-fA-F]/g, '');
    const out = new Uint8Array(Math.floor(clean.length / 2));
    for (let i = 0; i < out.length; i++) { out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16); }
    return out;
  }
  return new TextEncoder().encode(data);
}
