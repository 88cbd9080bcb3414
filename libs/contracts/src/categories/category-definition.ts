/** A category: its slug and the class-validator class its `data` must satisfy. */
export interface CategoryDefinition<TData extends object = object> {
  /** Lower-case slug; also the last token of its subject `events.<name>`. */
  readonly name: string;
  readonly dataClass: new () => TData;
}

export function defineCategory<TName extends string, TData extends object>(
  name: TName,
  dataClass: new () => TData,
): CategoryDefinition<TData> & { readonly name: TName } {
  return { name, dataClass };
}
