// css-tree publishes its one-file build without types of its own: they are the package's.
declare module 'css-tree/dist/csstree.esm' {
  export * from 'css-tree';
}
