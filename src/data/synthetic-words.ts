// Word lists for readable synthetic titles (so fuzzy title search has something to match).

/** Genre names used by the synthetic generator, in order; extra genres are named `Genre N`. */
export const SYNTHETIC_GENRES = [
  'Action', 'Comedy', 'Drama', 'Romance', 'Sci-Fi', 'Horror', 'Thriller', 'Animation',
  'Documentary', 'Fantasy', 'Mystery', 'Adventure', 'Crime', 'Musical', 'Western', 'War',
];

/** Adjectives for synthetic titles. */
export const TITLE_ADJECTIVES = [
  'Silent', 'Crimson', 'Hidden', 'Last', 'Golden', 'Broken', 'Midnight', 'Frozen', 'Wild', 'Lost',
  'Electric', 'Distant', 'Secret', 'Burning', 'Quiet', 'Iron', 'Velvet', 'Paper', 'Hollow', 'Bright',
  'Endless', 'Savage', 'Gentle', 'Falling', 'Northern', 'Little', 'Strange', 'Scarlet', 'Empty', 'Final',
];

/** Nouns for synthetic titles. */
export const TITLE_NOUNS = [
  'Harbor', 'Garden', 'Kingdom', 'River', 'Empire', 'Signal', 'Voyage', 'Station', 'Mirror', 'Storm',
  'Island', 'Machine', 'Shadow', 'Circus', 'Orchard', 'Frontier', 'Lantern', 'Detective', 'Planet', 'Summer',
  'Dragon', 'Letter', 'Symphony', 'Canyon', 'Witness', 'Horizon', 'Bridge', 'Forest', 'Engine', 'Tide',
];

/** Item types, so type one-hot encoders have a categorical field to work on. */
export const SYNTHETIC_TYPES = ['Movie', 'TV', 'OVA'];
