declare module 'smartquotes' { const smartquotes: { string(s: string): string }; export default smartquotes; }
