// The web app's entry: GOV.UK Frontend's styles (system fonts) and the app, mounted in #app.
import './styles.scss';
import { render } from 'preact';
import { App } from './app.tsx';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
render(<App />, document.getElementById('app')!);
