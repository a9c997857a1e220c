// The sign-in page, served at / and /login.

import { clearAlert, showAlert } from './alert.js';
import { asSentence } from './format.js';
import { api, session } from './page.js';

function main() {
  if (session.token()) {
    window.location.replace('/welcome');
    return;
  }

  const form = document.getElementById('login-form');
  const alerts = document.getElementById('login-alerts');
  const submit = document.getElementById('login-submit');

  const notice = session.takeNotice();
  if (notice) {
    showAlert(alerts, notice, 'warning');
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearAlert(alerts);

    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    if (username === '' || password === '') {
      showAlert(alerts, 'Enter your username and password.');
      return;
    }

    submit.disabled = true;
    try {
      const result = await api.login(username, password);
      session.signIn(result.access_token);
      window.location.assign('/welcome');
    } catch (err) {
      showAlert(alerts, `Sign-in failed: ${asSentence(err.message)}`);
      form.elements.password.value = '';
      form.elements.password.focus();
    } finally {
      submit.disabled = false;
    }
  });
}

main();
