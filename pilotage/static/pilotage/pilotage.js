// Behaviour without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Forms ask for confirmation when a button carries data-confirm.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // The vendor company field only matters for the vendor role.
  const role = document.getElementById("id_role");
  const vendor = document.getElementById("id_vendor");
  if (role && vendor) {
    const group = vendor.closest(".mb-3");
    const sync = () => { if (group) group.hidden = role.value !== "vendor"; };
    role.addEventListener("change", sync);
    sync();
  }
});
