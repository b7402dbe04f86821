// pako 1 publishes no types; pdf-lib calls the one function native-deflate.ts replaces.
declare module 'pako' {
  const pako: { deflate: (data: Uint8Array) => Uint8Array };
  export default pako;
}
