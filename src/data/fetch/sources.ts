/** Where a downloadable dataset comes from and how to check it. */
export interface DatasetSource {
  /** Name used on the command line and as the cache folder. */
  name: string;
  /** Archive file name under the base URL. */
  file: string;
  /** Expected sha256 of the archive (hex), when known. */
  sha256?: string;
  /** Expected md5 (hex): used only when no sha256 is recorded for this archive. */
  md5?: string;
}

/** Official GroupLens location; `GNNREC_DATA_URL` overrides it (tests, mirrors). */
export const DEFAULT_BASE_URL = 'https://files.grouplens.org/datasets/movielens/';

/**
 * Datasets `gnnrec data fetch` knows. Checksums: ml-latest-small's sha256 as published for the
 * 2018 release; for ml-100k and ml-1m only the widely used md5 values (torchtext, datarec) were at
 * hand, so those are checked by md5 and their sha256 is recorded in the cache on first download.
 */
export const DATASET_SOURCES: Record<string, DatasetSource> = {
  'ml-latest-small': {
    name: 'ml-latest-small',
    file: 'ml-latest-small.zip',
    sha256: '696d65a3dfceac7c45750ad32df2c259311949efec81f0f144fdfb91ebc9e436',
  },
  'ml-100k': { name: 'ml-100k', file: 'ml-100k.zip', md5: '0e33842e24a9c977be4e0107933c0723' },
  'ml-1m': { name: 'ml-1m', file: 'ml-1m.zip', md5: 'c4d9eecfca2ab87c1945afe126590906' },
};

/** The base URL to download from: `GNNREC_DATA_URL` when set, else GroupLens (always ending in `/`). */
export function baseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const u = env.GNNREC_DATA_URL || DEFAULT_BASE_URL;
  return u.endsWith('/') ? u : `${u}/`;
}
