import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PRODUCTION_REQUIRED_ENV } from "../../../worker/production-env";

// docker-compose.yml is never run here (no Docker engine): these checks keep it
// consistent with what the app requires and with .env.example.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const read = (file: string) => readFileSync(`${root}/${file}`, "utf8");

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  profiles?: string[];
  ports?: string[];
  container_name?: string;
}
const compose = parse(read("docker-compose.yml"), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const documented = new Set(
  [...read(".env.example").matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]),
);

describe("docker-compose.yml", () => {
  it("has postgres, migrate, web, worker, intake, front and mailpit by default, Nango behind a profile", () => {
    for (const name of ["postgres", "migrate", "web", "worker", "intake", "front", "mailpit"]) {
      expect(services[name], name).toBeDefined();
      expect(services[name]?.profiles, name).toBeUndefined();
    }
    expect(services["nango-server"]?.profiles).toEqual(["nango"]);
    expect(services["nango-db"]?.profiles).toEqual(["nango"]);
  });

  it("runs Postgres 18 on a named volume with a health check", () => {
    expect(services.postgres?.image).toMatch(/^postgres:18/);
    expect(services.postgres?.healthcheck).toBeDefined();
    expect(compose.volumes).toHaveProperty("pgdata");
  });

  it("gives each role the variables it requires in production", () => {
    for (const role of ["web", "worker", "migrate", "intake"] as const) {
      const env = services[role]?.environment ?? {};
      expect(env.NODE_ENV, role).toBe("production");
      for (const name of PRODUCTION_REQUIRED_ENV[role]) {
        expect(env[name], `${role}: ${name}`).toBeTruthy();
      }
    }
    for (const role of ["web", "worker"]) {
      const env = services[role]?.environment ?? {};
      for (const name of ["SMTP_URL", "MAIL_FROM", "NANGO_HOST", "NANGO_SECRET_KEY"]) {
        expect(env, `${role}: ${name}`).toHaveProperty(name);
      }
      // The SSRF guard is not an operator's choice in this deployment.
      expect(env.SWITCHYARD_ALLOW_PRIVATE_NETWORK).toBe("false");
    }
  });

  it("fails `up` early when a secret is missing instead of starting with a blank one", () => {
    const env = services.web?.environment ?? {};
    for (const name of [
      "SWITCHYARD_ENCRYPTION_KEYS",
      "BETTER_AUTH_SECRET",
      "SWITCHYARD_LINK_SECRET",
    ]) {
      expect(env[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
    }
  });

  it("orders start-up: postgres healthy, then migrate once, then web and worker", () => {
    expect(services.migrate?.depends_on?.postgres?.condition).toBe("service_healthy");
    for (const role of ["web", "worker", "intake"]) {
      expect(services[role]?.depends_on?.postgres?.condition).toBe("service_healthy");
      expect(services[role]?.depends_on?.migrate?.condition).toBe("service_completed_successfully");
    }
    // Every depends_on target exists, and a service_healthy target has a health check.
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[target], `${name} -> ${target}`).toBeDefined();
        if (condition === "service_healthy") {
          expect(services[target]?.healthcheck, `${target} health check`).toBeDefined();
        }
      }
    }
  });

  it("runs web, worker and migrate from the one image with their own commands", () => {
    const images = new Set(
      ["web", "worker", "migrate", "intake"].map((role) => services[role]?.image),
    );
    expect(images.size).toBe(1);
    expect(services.web?.command).toEqual(["node", "server.js"]);
    expect(services.worker?.command).toEqual(["node", "--import", "tsx", "worker/main.ts"]);
    expect(services.migrate?.command).toEqual(["node", "--import", "tsx", "scripts/db-migrate.ts"]);
    expect(services.intake?.command).toEqual(["node", "--import", "tsx", "worker/intake/main.ts"]);
    expect(services.web?.healthcheck).toBeDefined();
    expect(services.intake?.healthcheck).toBeDefined();
  });

  it("lets the worker and the intake scale: no fixed name or host port", () => {
    for (const role of ["worker", "intake"]) {
      expect(services[role]?.container_name, role).toBeUndefined();
      expect(services[role]?.ports, role).toBeUndefined();
    }
  });

  it("serves one public origin: front publishes the port and passes it to intake, intake to web", () => {
    expect(services.front?.ports).toEqual(["${PORT:-3000}:3000"]);
    expect(services.front?.command?.join(" ")).toContain("--to intake:3100");
    expect(services.intake?.environment?.SWITCHYARD_WEB_UPSTREAM).toBe("http://web:3000");
    expect(services.web?.ports).toBeUndefined();
  });

  it("documents in .env.example every variable the app services take from .env", () => {
    const fromDotEnv = new Set<string>();
    for (const role of ["web", "worker", "migrate", "intake"]) {
      for (const value of Object.values(services[role]?.environment ?? {})) {
        for (const m of String(value).matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) fromDotEnv.add(m[1]!);
      }
    }
    expect([...fromDotEnv].filter((name) => !documented.has(name))).toEqual([]);
    for (const role of ["web", "worker"] as const) {
      for (const name of PRODUCTION_REQUIRED_ENV[role])
        expect(documented.has(name), name).toBe(true);
    }
  });
});
