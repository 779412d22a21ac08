import { html, page } from './html.js';

export interface LoginPageModel {
  title: string;
  domain: string;
  csrfToken: string;
  next: string;
  loginId: string;
  showKeepMeLoggedIn: boolean;
  keepMeLoggedIn: boolean;
  error?: string;
  notice?: string;
}

export function renderLoginPage(m: LoginPageModel): string {
  return page(
    m.title,
    html`<h1>${m.title}</h1>
<p class="muted">${m.domain}</p>
${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
${m.error ? html`<p class="error" role="alert">${m.error}</p>` : ''}
<form method="post" action="/portal/${m.domain}/login" autocomplete="on">
  <input type="hidden" name="_csrf" value="${m.csrfToken}">
  <input type="hidden" name="next" value="${m.next}">
  <label for="loginId">Login ID</label>
  <input id="loginId" name="loginId" type="text" inputmode="email" autocomplete="username" maxlength="254" required value="${m.loginId}" ${m.loginId ? '' : html`autofocus`}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required ${m.loginId ? html`autofocus` : ''}>
  ${
    m.showKeepMeLoggedIn
      ? html`<label class="check"><input type="checkbox" name="keepMeLoggedIn" value="yes" ${m.keepMeLoggedIn ? html`checked` : ''}> Keep me logged in</label>`
      : ''
  }
  <button type="submit">Log in</button>
</form>`,
  );
}
