// A button with data-copy="#id" copies the value of that field (the calendar address).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const field = document.querySelector(button.dataset.copy);
      if (!field) return;
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch (e) {
        document.execCommand("copy");
      }
      const label = button.innerHTML;
      button.textContent = button.dataset.copied || "✓";
      setTimeout(() => { button.innerHTML = label; }, 2000);
    });
  });
});
