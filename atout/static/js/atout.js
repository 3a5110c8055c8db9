// Progressive enhancement only: every page works without this file.
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
    });
  });
});
