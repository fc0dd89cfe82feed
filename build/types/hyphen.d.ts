/** The `hyphen` library's per-language entry points: CommonJS objects, imported as defaults. */
interface HyphenModule {
  hyphenateSync(text: string, options?: { minWordLength?: number; hyphenChar?: string; exceptions?: string[] }): string;
}
declare module 'hyphen/en-us' {
  const hyphen: HyphenModule;
  export default hyphen;
}
declare module 'hyphen/ru' {
  const hyphen: HyphenModule;
  export default hyphen;
}
