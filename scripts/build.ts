import { buildWebApp } from "./web-build";

// `npm run build`: the production build `npm start`, `npm run start:prod`, the Docker
// image and the browser specs serve (scripts/web-build.ts).
buildWebApp().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
