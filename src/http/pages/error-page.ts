import { html, page } from './html.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Server Error',
};

export function renderErrorPage(status: number, message: string): string {
  const title = `${status} ${TITLES[status] ?? 'Error'}`;
  return page(title, html`<h1>${title}</h1><p>${message}</p><p><a href="/">Back to the start page</a></p>`);
}
