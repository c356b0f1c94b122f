// The minutes editor: nothing typed is lost.
// - htmx saves the text as it is typed (see the form's hx-trigger); this file keeps a copy
//   in localStorage until the server confirms it, offers it back after a closed tab or an
//   expired sign-in, and sends what is left with navigator.sendBeacon when the page goes.
// - Every save carries the version it was based on; a conflict pauses autosaving until the
//   user merges. The page works without this file (the Save button posts the form).
(() => {
  "use strict";

  const store = {
    get(key) {
      try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
    },
    set(key, value) {
      try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or disabled */ }
    },
    remove(key) {
      try { window.localStorage.removeItem(key); } catch (e) { /* disabled */ }
    },
  };

  function sameFields(a, b) {
    const names = new Set([...Object.keys(a || {}), ...Object.keys(b || {})]);
    for (const name of names) {
      if ((a[name] || "") !== (b[name] || "")) return false;
    }
    return true;
  }

  function setupEditor(form) {
    const key = form.dataset.localKey;
    const version = () => document.getElementById("minutes-version");
    const fieldElements = () => Array.from(form.elements).filter((el) => el.classList.contains("minutes-text"));
    const snapshot = () => Object.fromEntries(fieldElements().map((el) => [el.name, el.value]));
    const statusBox = () => document.getElementById("save-status");
    let lastSaved = snapshot();
    let sent = null;
    let paused = false;

    const dirty = () => !sameFields(snapshot(), lastSaved);
    const keepLocal = () => {
      if (dirty()) {
        store.set(key, { base: version().value, fields: snapshot(), at: Date.now() });
      }
    };
    const markDirty = () => {
      const box = statusBox();
      if (box && dirty()) box.classList.add("state-dirty");
    };

    // Offer back what this device typed and the server never confirmed.
    const local = store.get(key);
    if (local && local.fields) {
      if (sameFields(local.fields, lastSaved)) {
        store.remove(key);
      } else {
        offerRestore(local);
      }
    }

    function offerRestore(saved) {
      const banner = document.getElementById("minutes-restore");
      if (!banner) return;
      const preview = banner.querySelector(".restore-preview");
      preview.textContent = "";
      for (const el of fieldElements()) {
        const text = saved.fields[el.name];
        if (text !== undefined && text !== el.value) {
          const label = document.querySelector(`label[for="${el.id}"]`);
          const line = document.createElement("div");
          const name = document.createElement("strong");
          name.textContent = (label ? label.textContent : el.name) + ": ";
          line.append(name, document.createTextNode(text.length > 240 ? text.slice(0, 240) + "…" : text));
          preview.append(line);
        }
      }
      banner.hidden = false;
      banner.querySelector('[data-restore="apply"]').addEventListener("click", () => {
        for (const el of fieldElements()) {
          if (saved.fields[el.name] !== undefined) el.value = saved.fields[el.name];
        }
        // Saved against the version it was typed on: if the server moved on since, the
        // save comes back as a conflict to merge, never as a silent overwrite.
        if (saved.base) version().value = saved.base;
        banner.hidden = true;
        paused = false;
        keepLocal();
        const first = fieldElements()[0];
        if (first) first.dispatchEvent(new Event("change", { bubbles: true }));
      });
      banner.querySelector('[data-restore="discard"]').addEventListener("click", () => {
        store.remove(key);
        banner.hidden = true;
      });
    }

    document.addEventListener("input", (event) => {
      if (event.target.form === form && event.target.classList.contains("minutes-text")) {
        keepLocal();
        markDirty();
      }
    });

    // Autosave only when something changed and no conflict is waiting to be merged.
    form.addEventListener("htmx:confirm", (event) => {
      if (paused || !dirty()) event.preventDefault();
    });
    form.addEventListener("htmx:configRequest", () => { sent = snapshot(); });
    const notSaved = () => {
      const box = statusBox();
      if (box) {
        box.className = "save-status state-offline";
        box.textContent = form.dataset.offlineText || box.textContent;
      }
    };
    const showExpired = () => {
      paused = true;
      const expired = document.getElementById("minutes-session-expired");
      if (!expired) return;
      expired.hidden = false;
      // Repeated in the save bar, which stays in sight wherever the recorder is typing.
      const box = statusBox();
      if (box) {
        box.className = "save-status state-offline";
        box.replaceChildren(...Array.from(expired.childNodes, (node) => node.cloneNode(true)));
      }
    };
    // beforeSwap fires on the swap target (#save-status), outside the form.
    document.body.addEventListener("htmx:beforeSwap", (event) => {
      const source = event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt;
      if (source !== form) return;
      const url = event.detail.xhr.responseURL || "";
      if (url.includes("/accounts/login/")) {
        // The sign-in expired: the login page came back instead of a save.
        event.detail.shouldSwap = false;
        showExpired();
      }
    });
    form.addEventListener("htmx:sendError", notSaved);
    form.addEventListener("htmx:responseError", (event) => {
      notSaved();
      // Refused: the sign-in (or its security cookie) is gone; signing in again helps.
      if (event.detail.xhr.status === 403) showExpired();
    });
    document.body.addEventListener("minutes-saved", () => {
      if (sent) lastSaved = sent;
      sent = null;
      if (dirty()) {
        keepLocal();
        markDirty();
      } else {
        store.remove(key);
      }
    });
    document.body.addEventListener("minutes-conflict", () => { paused = true; });
    document.body.addEventListener("minutes-locked", () => { paused = true; });
    form.addEventListener("submit", keepLocal);

    // Leaving the page (tab closed, phone locked, another app): send what is left.
    const flush = () => {
      if (paused || !dirty() || !navigator.sendBeacon) return;
      keepLocal();
      const data = new FormData(form);
      data.append("_beacon", "1");
      navigator.sendBeacon(form.action, data);
    };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") flush();
    });
  }

  function setupSpeechDraft() {
    // The gist being typed survives a reload until the speech is added.
    const key = "chibo-speech-" + window.location.pathname;
    const fill = () => {
      const saved = store.get(key);
      document.querySelectorAll("textarea[data-keep-local]").forEach((el) => {
        if (saved && !el.value) el.value = saved;
      });
    };
    document.addEventListener("input", (event) => {
      if (event.target.matches("textarea[data-keep-local]")) {
        if (event.target.value) store.set(key, event.target.value); else store.remove(key);
      }
    });
    document.body.addEventListener("speech-added", () => store.remove(key));
    document.body.addEventListener("htmx:afterSwap", fill);
    fill();
  }

  function setupMergeForm(form) {
    // Once the merged text is sent, the older local copy must not be offered back.
    form.addEventListener("submit", () => store.remove(form.dataset.localKey));
  }

  function setupAttendance() {
    // An excused absence needs its reason: wait for it instead of sending the tap alone.
    document.addEventListener("htmx:confirm", (event) => {
      const row = event.target;
      if (!row.classList || !row.classList.contains("attendance-row")) return;
      const checked = row.querySelector(".status-choices input:checked");
      const reason = row.querySelector(".reason-field input");
      if (checked && checked.value === "absent_excused" && reason && !reason.value.trim()) {
        event.preventDefault();
        reason.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (document.querySelector(".attendance-row")) setupAttendance();
    const editor = document.getElementById("minutes-form");
    if (editor) setupEditor(editor);
    if (document.querySelector("textarea[data-keep-local]")) setupSpeechDraft();
    const merge = document.getElementById("minutes-merge-form");
    if (merge) setupMergeForm(merge);
  });
})();
