package io.flasksockets.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Warns once at startup when the application keeps its HTTP sessions in Redis through Spring Session, next to the
 * Redis broker, and that Redis keeps nothing across restarts (neither RDB snapshots nor an append-only file): a
 * restart would end every session, so that every socket closes with 1008 ("HTTP session lost") and every user
 * must log in again. A Redis that does not answer {@code CONFIG GET}, as some managed ones, is not checked.
 */
final class RedisPersistenceCheck implements SmartInitializingSingleton, BeanFactoryAware {

	private static final Logger logger = LoggerFactory.getLogger(RedisPersistenceCheck.class);

	private static final String SESSION_REPOSITORY = "org.springframework.session.SessionRepository";

	private final ObjectProvider<RedisConnectionFactory> redis;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	RedisPersistenceCheck(ObjectProvider<RedisConnectionFactory> redis) {
		this.redis = redis;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		RedisConnectionFactory connectionFactory = this.redis.getIfUnique();
		if (connectionFactory == null || !keepsSessionsInRedis()) {
			return;
		}
		try (RedisConnection connection = connectionFactory.getConnection()) {
			Properties save = connection.serverCommands().getConfig("save");
			Properties appendOnly = connection.serverCommands().getConfig("appendonly");
			if (isEmpty(save, "save") && "no".equalsIgnoreCase(value(appendOnly, "appendonly"))) {
				logger.warn("Spring Session keeps HTTP sessions in a Redis that keeps nothing across restarts (save "
						+ "is empty and appendonly is no): a restart of it ends every session and closes every socket "
						+ "with 1008. Turn on RDB or AOF persistence in Redis to keep sessions across its restarts");
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the persistence settings of Redis", ex);
		}
	}

	private boolean keepsSessionsInRedis() {
		ConfigurableListableBeanFactory beanFactory = Objects.requireNonNull(this.beanFactory);
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		if (!ClassUtils.isPresent(SESSION_REPOSITORY, classLoader)) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(SESSION_REPOSITORY, classLoader);
		return Arrays.stream(beanFactory.getBeanNamesForType(type, false, false))
			.map(beanFactory::getType)
			.anyMatch((repository) -> repository != null && repository.getName().toLowerCase(Locale.ROOT).contains("redis"));
	}

	private static boolean isEmpty(@Nullable Properties config, String name) {
		String value = value(config, name);
		return value == null || value.isBlank();
	}

	private static @Nullable String value(@Nullable Properties config, String name) {
		return (config != null) ? config.getProperty(name) : null;
	}

}
