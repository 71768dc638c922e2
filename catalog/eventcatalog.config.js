/** @type {import('@eventcatalog/core/bin/eventcatalog.config').Config} */
export default {
  cId: '6f0c7a52-3d4e-4b7e-9a51-2f8e1c0d9b34',
  title: 'Acme Inventory',
  tagline: 'Events, commands and channels of the Inventory domain',
  organizationName: 'Acme Retail',
  homepageLink: 'https://www.example.com/',
  trailingSlash: false,
  base: '/',
};
