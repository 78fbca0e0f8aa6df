// Tailwind CSS v4 runs as a PostCSS plugin inside Next.js.
export default {
  plugins: { "@tailwindcss/postcss": {} },
};
