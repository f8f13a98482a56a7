/** Types for natural's Porter stemmer submodule (natural ships no declaration for the file itself). */
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  /** natural's English Porter stemmer (a CommonJS singleton). */
  const PorterStemmer: {
    /** Stems one lower-case English word, e.g. `running` -> `run`. */
    stem(token: string): string;
  };
  export default PorterStemmer;
}
