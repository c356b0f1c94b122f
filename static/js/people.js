// people part: on a person's form, show the Party fields only for party members.
// Without JavaScript they stay visible, and the server clears them for staff anyway.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("id_is_party_member");
  const fields = document.getElementById("party-fields");
  if (!box || !fields) return;
  const sync = () => { fields.hidden = !box.checked; };
  box.addEventListener("change", sync);
  sync();
});
