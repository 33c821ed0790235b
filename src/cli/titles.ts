/** How the CLI names an item: `Title [id]`, or the bare id when the title is unknown. */
export function itemLabel(x: { id: string; title: string | null }): string {
  return x.title ? `${x.title} [${x.id}]` : x.id;
}
