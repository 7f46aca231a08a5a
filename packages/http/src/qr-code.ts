/// <reference path="./qrcode-browser.d.ts" />
/**
 * QR codes for TOTP enrolment, as SVG markup. `qrcode`'s browser build is imported on every
 * runtime: its SVG renderer is plain JavaScript, while the package's Node entry also loads
 * a PNG encoder built on `zlib` and `stream`, which a Worker bundle cannot resolve.
 */
import qrcode from 'qrcode/lib/browser.js';

/** The QR code of `text` as an `<svg>` document (a quiet zone of two modules). */
export function qrCodeSvg(text: string): Promise<string> {
  return qrcode.toString(text, { type: 'svg', margin: 2 });
}
