// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Bring the error summary or conflict notice into view for keyboard and screen-reader users.
  const alert = document.getElementById("conflict") || document.getElementById("error-summary");
  if (alert) alert.focus();
});
