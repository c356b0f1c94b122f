// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Close the account menu when clicking elsewhere.
  document.addEventListener("click", (event) => {
    document.querySelectorAll("details.user-menu[open]").forEach((menu) => {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  // Escape closes an open menu and gives the focus back to its button (keyboard users).
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.user-menu[open]").forEach((menu) => {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
});
