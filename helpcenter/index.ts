/**
 * helpcenter/: the self-service help center under /help: server-rendered, localized pages per
 * language (home, category, article) cached per published version, search on the bot's matcher,
 * "was this helpful?" votes, sitemap.xml, robots.txt and structured data, and the editors'
 * category order.
 */
export { HelpCenter, HELP_PUBLIC_DIR, type HelpCenterOptions, type HelpKnowledgePort } from './help-center.ts';
export { helpAdminRoutes } from './admin-routes.ts';
export { HelpSite, type Article, type Category } from './site.ts';
export { searchArticles, type SearchOutcome, type SearchPolicy } from './search.ts';
export { HelpVotes, type HelpVote } from './votes.ts';
export { slugify } from './slugs.ts';
export { TRADITIONAL_CHINESE } from './scripts.ts';
export { READER_COOKIE } from './http.ts';
