/** The part of `qrcode`'s browser build (CommonJS, untyped there) that `qr-code.ts` uses. */
declare module 'qrcode/lib/browser.js' {
  const qrcode: {
    toString(
      text: string,
      options: { readonly type: 'svg'; readonly margin?: number },
    ): Promise<string>;
  };
  export default qrcode;
}
