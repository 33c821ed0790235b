import type {
  CreateUserRequest,
  CreateUserResponse,
  EdaResponse,
  ErrorResponse,
  ExplainResponse,
  InfoResponse,
  ItemInfo,
  ModelsResponse,
  RecommendationsResponse,
  SearchResponse,
  SimilarResponse,
  UserResponse,
} from '../../src/serve/schemas/types.ts';

const TOKEN_KEY = 'gnnrec.token';

/** An API error carrying the HTTP status and the server's message. */
export class ApiError extends Error {
  /** Creates an error for an HTTP status. */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body) headers['content-type'] = 'application/json';
  const token = localStorage.getItem(TOKEN_KEY);
  if (token && init.method === 'POST') headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(path, { ...init, headers });
  const body = (await res.json().catch(() => ({}))) as T | ErrorResponse;
  if (!res.ok) throw new ApiError(res.status, (body as ErrorResponse).message ?? `HTTP ${res.status}`);
  return body as T;
}

const q = encodeURIComponent;
const opt = (name: string, v: string | number | undefined): string =>
  v === undefined || v === '' ? '' : `&${name}=${q(String(v))}`;

/** Typed client of the gnnrec HTTP API. */
export const api = {
  info: () => call<InfoResponse>('/api/info'),
  search: (text: string, limit = 8) => call<SearchResponse>(`/api/items/search?q=${q(text)}&limit=${limit}`),
  popular: (limit = 12) => call<SearchResponse>(`/api/items/popular?limit=${limit}`),
  item: (id: string) => call<ItemInfo>(`/api/items/${q(id)}`),
  similar: (id: string, k = 10, model?: string) =>
    call<SimilarResponse>(`/api/items/${q(id)}/similar?k=${k}${opt('model', model)}`),
  createUser: (body: CreateUserRequest) =>
    call<CreateUserResponse>('/api/users', { method: 'POST', body: JSON.stringify(body) }),
  user: (id: string) => call<UserResponse>(`/api/users/${q(id)}`),
  recommendations: (id: string, k = 10, model?: string) =>
    call<RecommendationsResponse>(`/api/users/${q(id)}/recommendations?k=${k}${opt('model', model)}`),
  explain: (user: string, item: string, model?: string) =>
    call<ExplainResponse>(`/api/users/${q(user)}/explain/${q(item)}?${opt('model', model).slice(1)}`),
  models: () => call<ModelsResponse>('/api/models'),
  eda: () => call<EdaResponse>('/api/eda'),
  /** Remembers the API token for writes (kept in this browser only). */
  setToken: (token: string) => localStorage.setItem(TOKEN_KEY, token),
};
