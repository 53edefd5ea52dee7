// The benchmark's Eleventy site: the generated stories (src/testimonies/,
// written by benchmarks/generate.py) as a page set like the campaign's: a
// page per story, the testimonies listing, a listing per tag, region and
// author, indexes of those, the archives, the home page, one Atom feed and a
// sitemap. Nothing here is tuned for speed; it is what a person would write.

const byNewest = (a, b) => b.date - a.date;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function groups(stories, field) {
  const found = new Map();
  for (const story of stories) {
    const values = [].concat(story.data[field] || []);
    for (const value of values) {
      if (!found.has(value)) found.set(value, []);
      found.get(value).push(story);
    }
  }
  return [...found.keys()].sort().map((name) => ({ name, stories: found.get(name) }));
}

export default function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy({ "src/style.css": "theme/style.css" });
  eleventyConfig.addCollection("stories", (api) => api.getFilteredByGlob("src/testimonies/*.md").sort(byNewest));
  eleventyConfig.addCollection("storyTags", (api) => groups(api.getFilteredByGlob("src/testimonies/*.md").sort(byNewest), "storyTags"));
  eleventyConfig.addCollection("regions", (api) => groups(api.getFilteredByGlob("src/testimonies/*.md").sort(byNewest), "region"));
  eleventyConfig.addCollection("authors", (api) => groups(api.getFilteredByGlob("src/testimonies/*.md").sort(byNewest), "author"));
  eleventyConfig.addFilter("isoDate", (date) => date.toISOString());
  eleventyConfig.addFilter("readableDate", (date) => `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`);
  eleventyConfig.addFilter("take", (items, count) => items.slice(0, count));
}

export const config = {
  dir: { input: "src", includes: "_includes" },
  markdownTemplateEngine: false,
  htmlTemplateEngine: "njk",
};
