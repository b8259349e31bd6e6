/** Case- and accent-insensitive, on name or SKU; every word typed must appear. */
export function matchesSearch(product: { name: string; sku?: string }, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold(`${product.name} ${product.sku ?? ''}`);
  return words.every((word) => haystack.includes(word));
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}
