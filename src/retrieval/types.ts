/** Shapes shared by the retrieval modules; generic over what a document is (task, section, the decision itself). */

export type DocumentKind = 'task' | 'section' | 'document';

export interface SearchDocument {
  id: string;
  kind: DocumentKind;
  title: string;
  text: string;
  /** Extra fields weighted separately, e.g. code, agency names. */
  fields?: Record<string, string>;
}

export interface SearchOptions {
  kinds?: DocumentKind[];
  limit?: number;
}
