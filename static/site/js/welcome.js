// The welcome page: greets the signed-in user by name.

import { showAlert } from './alert.js';
import { asSentence } from './format.js';
import { api, bindSignOut, requireSignIn } from './page.js';

async function main() {
  if (!requireSignIn()) {
    return;
  }
  bindSignOut(document.getElementById('sign-out'));

  const greeting = document.getElementById('greeting');
  const alerts = document.getElementById('welcome-alerts');

  try {
    const welcome = await api.welcome();
    greeting.textContent = welcome.message;
  } catch (err) {
    if (err.status === 401) {
      return;
    }
    greeting.textContent = 'Welcome!';
    showAlert(alerts, `Could not load your profile: ${asSentence(err.message)}`);
  }
}

main();
