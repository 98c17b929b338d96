/** @module web/pages/Portfolio — placeholder while the page is built. */
export function PortfolioPage() {
  return <h1>Portfolio</h1>;
}
