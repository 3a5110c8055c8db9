// Employer links: a "Copy the address" button next to each link's address (the address
// stays selectable without JavaScript).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".share-link__copy[data-copy]").forEach((button) => {
    const input = document.getElementById(button.dataset.copy);
    if (!input || !navigator.clipboard) return;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = button.dataset.copied;
        setTimeout(() => { button.textContent = label; }, 2000);
      } catch (error) {
        input.select();
      }
    });
  });
});
