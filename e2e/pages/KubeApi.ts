import { expect, type APIRequestContext, type Page } from '@playwright/test';

/**
 * Another actor changing the cluster while the page is open: calls go through the BFF's
 * /k8s proxy with the same signed-in session, as a second browser tab would.
 */
export class KubeApi {
  private constructor(
    private readonly request: APIRequestContext,
    private readonly csrf: string,
    private readonly origin: string,
  ) {}

  static async as(page: Page, origin: string): Promise<KubeApi> {
    const res = await page.request.get('/api/session');
    expect(res.ok()).toBe(true);
    const session = (await res.json()) as { csrfToken: string };
    return new KubeApi(page.request, session.csrfToken, origin);
  }

  private headers() {
    return { 'X-CSRF-Token': this.csrf, Origin: this.origin, 'Content-Type': 'application/json' };
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.request.get(`/k8s/dev${path}`);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as T;
  }

  async post(path: string, body: unknown): Promise<void> {
    const res = await this.request.post(`/k8s/dev${path}`, { headers: this.headers(), data: body });
    expect(res.status(), await res.text()).toBe(201);
  }

  async delete(path: string): Promise<void> {
    const res = await this.request.delete(`/k8s/dev${path}`, { headers: this.headers() });
    expect(res.status(), await res.text()).toBe(200);
  }

  async put(path: string, body: unknown): Promise<void> {
    const res = await this.request.put(`/k8s/dev${path}`, { headers: this.headers(), data: body });
    expect(res.status(), await res.text()).toBe(200);
  }
}
