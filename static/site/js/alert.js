// Bootstrap alerts for messages. Text is always set with textContent, so
// messages from the server are never parsed as HTML.

/**
 * Shows message in container as a Bootstrap alert of variant ("danger",
 * "warning", "info", "success"), replacing any alert shown before.
 */
export function showAlert(container, message, variant = 'danger') {
  const alert = document.createElement('div');
  alert.className = `alert alert-${variant}`;
  alert.setAttribute('role', variant === 'danger' ? 'alert' : 'status');
  alert.textContent = message;

  container.replaceChildren(alert);
}

/** Removes any alert from container. */
export function clearAlert(container) {
  container.replaceChildren();
}
