// Progressive enhancement only: every page works without this file.

// htmx swaps only 2xx answers by default. A refused form (422) and a conflict (409) carry
// the fragment that says why, so swap those too; other errors still swap nothing.
if (window.htmx) {
  htmx.config.responseHandling.unshift({ code: "^(409|422)$", swap: true, error: false });
}
document.addEventListener("DOMContentLoaded", () => {
  // Bring the error summary or conflict notice into view for keyboard and screen-reader users.
  const alert = document.getElementById("conflict") || document.getElementById("error-summary");
  if (alert) alert.focus();
});

// Passport key competencies: drag and drop to reorder. The Move up / Move down buttons
// do the same without a mouse (and without JavaScript).
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector(".kc-list[data-reorder-url]");
  if (!list) return;
  let dragged = null;
  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".kc-item");
    if (dragged) dragged.classList.add("is-dragging");
  });
  list.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
  });
  list.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const over = event.target.closest(".kc-item");
    if (!over || over === dragged) return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("drop", (event) => {
    event.preventDefault();
    const body = new URLSearchParams({ action: "reorder" });
    list.querySelectorAll(".kc-item").forEach((item) => body.append("order", item.dataset.id));
    fetch(list.dataset.reorderUrl, {
      method: "POST",
      headers: { "X-CSRFToken": list.dataset.csrf, "HX-Request": "true" },
      body,
      credentials: "same-origin",
    }).then((response) => {
      // Reload so the numbers, buttons and preview follow the new order.
      if (response.ok) window.location.reload();
      // 409: the list changed meanwhile; the answer says so, with a reload link.
      else if (response.status === 409) {
        response.text().then((html) => {
          const status = document.getElementById("autosave-status");
          if (status) status.innerHTML = html;
        });
      }
    });
  });
});

// Passport autosave: once a save succeeds, the fields an earlier refused save marked
// (aria-invalid, with their message) are no longer in error.
document.addEventListener("passport-saved", () => {
  document.querySelectorAll("form[hx-post] [aria-invalid='true']").forEach((input) => {
    input.removeAttribute("aria-invalid");
    const error = document.getElementById(`${input.id}_error`);
    if (error) error.remove();
    const described = (input.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((id) => id && id !== `${input.id}_error`);
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  });
});

// Practice cards: a save answered by something other than the card (the login page after
// the session ended) must not replace the card and what was typed in it; say so instead.
function practiceNotSaved(event) {
  const form = event.detail.elt.closest("form");
  const status = form && form.querySelector("[role=status]");
  if (status) {
    status.classList.add("save-status--error");
    status.textContent = form.dataset.notSaved || "";
  }
}
function isPracticeCard(element) {
  return Boolean(element && element.classList && element.classList.contains("practice-card"));
}
document.addEventListener("htmx:beforeSwap", (event) => {
  if (!isPracticeCard(event.detail.target)) return;
  if (event.detail.serverResponse.includes('class="practice-card"')) return;
  event.detail.shouldSwap = false;
  practiceNotSaved(event);
});
document.addEventListener("htmx:responseError", (event) => {
  if (isPracticeCard(event.detail.target)) practiceNotSaved(event);
});
document.addEventListener("htmx:sendError", (event) => {
  if (isPracticeCard(event.detail.target)) practiceNotSaved(event);
});
