// Issuers abbreviate skills ("JS", "ML"); a small table of well-known names lets those spellings count as one skill.

/**
 * A well-known skill: the name the library shows, the spellings that mean the same, and whether its
 * name may be picked out of criteria prose. Names that are also ordinary words ("React", "Go") are
 * never read from prose: a wrong skill is worse than a missed one.
 */
export type KnownSkill = { name: string; aliases: readonly string[]; inProse: boolean };

const known = (name: string, aliases: readonly string[] = [], inProse = true): KnownSkill => ({
  name,
  aliases,
  inProse,
});

export const KNOWN_SKILLS: readonly KnownSkill[] = [
  known('JavaScript', ['JS', 'ECMAScript']),
  known('TypeScript', ['TS']),
  known('Python', ['Python 3', 'Python3']),
  known('SQL', ['Structured Query Language']),
  known('PostgreSQL', ['Postgres']),
  known('C++', ['CPP']),
  known('C#', ['CSharp', 'C Sharp']),
  known('Node.js', ['NodeJS', 'Node JS']),
  known('React', ['ReactJS', 'React.js'], false),
  known('Kubernetes', ['K8s']),
  known('Docker'),
  known('Git'),
  known('Linux'),
  known('HTML', ['HTML5']),
  known('CSS', ['CSS3']),
  known('Amazon Web Services', ['AWS']),
  known('Microsoft Azure', ['Azure']),
  known('Google Cloud Platform', ['GCP', 'Google Cloud']),
  known('Machine Learning', ['ML']),
  known('Deep Learning'),
  known('Artificial Intelligence', ['AI']),
  known('Natural Language Processing', ['NLP']),
  known('Data Analysis', ['Data Analytics']),
  known('Data Visualization', ['Data Visualisation', 'Data Viz', 'DataViz']),
  known('Data Science'),
  known('Statistics'),
  known('Cybersecurity', ['Cyber Security', 'Cyber-Security']),
  known('User Experience Design', ['UX', 'UX Design', 'User Experience']),
  known('User Interface Design', ['UI Design']),
  known('Search Engine Optimization', ['SEO', 'Search Engine Optimisation']),
  known('Customer Relationship Management', ['CRM']),
  known('Human Resources', ['HR']),
  known('Continuous Integration'),
  known('Project Management'),
  known('Agile', ['Agile Methodology', 'Agile Methodologies'], false),
  known('Scrum'),
  known('Leadership'),
  known('Communication', ['Communication Skills']),
  known('Teamwork', ['Team Work']),
  known('Problem Solving', ['Problem-Solving']),
  known('Critical Thinking'),
  known('Spreadsheets'),
  known('Cloud Computing'),
  known('Information Technology', ['IT'], false),
];
