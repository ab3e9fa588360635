/** admin/: the admin HTTP API and UI (knowledge editing, agent console). Nothing public yet. */
export {};
