// "Copy" buttons next to a read link: data-copy names the input holding the URL.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const input = document.getElementById(button.dataset.copy);
      if (!input) return;
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
      } catch (e) {
        document.execCommand("copy");
      }
      const label = button.innerHTML;
      button.textContent = button.dataset.copied || "✓";
      setTimeout(() => { button.innerHTML = label; }, 1500);
    });
  });
});
